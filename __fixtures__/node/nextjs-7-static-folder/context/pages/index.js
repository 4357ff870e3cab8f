import Header from '../components/Header';

export default () => (
  <div>
    <Header />
    <img src="/static/avatar.png" alt="me" />
  </div>
);

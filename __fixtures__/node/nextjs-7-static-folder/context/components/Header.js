export default () => <h1>Portfolio</h1>;

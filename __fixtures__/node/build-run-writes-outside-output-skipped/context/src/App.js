import { useEffect, useState } from 'react';

export default function App() {
  const [revision, setRevision] = useState('');
  useEffect(() => {
    fetch('/REVISION').then((response) => response.text()).then(setRevision);
  }, []);
  return <main><h1>Status board</h1><footer>build {revision}</footer></main>;
}

export default function Home() { return <h1>Shed</h1>; }

export default function Page() { return <main>Mentors</main>; }

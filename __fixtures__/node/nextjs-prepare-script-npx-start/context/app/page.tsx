import { formatEther } from 'ethers';

export default function Home() {
  return <main>Staked: {formatEther(0n)} ETH</main>;
}

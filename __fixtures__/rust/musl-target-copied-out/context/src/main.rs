use clap::Parser;

#[derive(Parser)]
struct Args {
    #[arg(long, default_value = "http://localhost:9100/metrics")]
    endpoint: String,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    println!("scraping {}", args.endpoint);
    Ok(())
}

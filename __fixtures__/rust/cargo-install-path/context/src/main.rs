use clap::Parser;

/// Checks the links of a sitemap.
#[derive(Parser)]
struct Args {
    sitemap: String,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    println!("checking {}", args.sitemap);
    Ok(())
}

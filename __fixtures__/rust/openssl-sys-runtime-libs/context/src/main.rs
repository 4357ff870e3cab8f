use std::time::Duration;

#[tokio::main]
async fn main() -> Result<(), reqwest::Error> {
    let client = reqwest::Client::builder().timeout(Duration::from_secs(10)).build()?;
    let body = client.get("https://example.com/feed.xml").send().await?.text().await?;
    println!("fetched {} bytes", body.len());
    Ok(())
}

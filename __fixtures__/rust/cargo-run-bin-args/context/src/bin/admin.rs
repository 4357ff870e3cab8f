#[tokio::main]
async fn main() -> Result<(), reqwest::Error> {
    let body = reqwest::get("http://localhost:9000/stats").await?.text().await?;
    println!("{body}");
    Ok(())
}

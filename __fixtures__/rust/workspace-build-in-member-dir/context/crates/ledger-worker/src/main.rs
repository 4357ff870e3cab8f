#[tokio::main]
async fn main() {
    println!("ledger worker started");
}

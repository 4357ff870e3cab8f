use clap::Parser;
use tokio::net::TcpListener;

#[derive(Parser)]
struct Args {
    #[arg(long, default_value = "127.0.0.1:9000")]
    listen: String,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let listener = TcpListener::bind(&args.listen).await?;
    loop {
        let (mut inbound, _) = listener.accept().await?;
        tokio::spawn(async move {
            let mut outbound = tokio::net::TcpStream::connect("upstream:9001").await?;
            tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await?;
            Ok::<_, std::io::Error>(())
        });
    }
}

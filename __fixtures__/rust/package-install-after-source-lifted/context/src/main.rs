use tokio::net::TcpListener;

#[tokio::main]
async fn main() {
    let listener = TcpListener::bind("0.0.0.0:7878").await.unwrap();
    loop {
        let (_socket, _) = listener.accept().await.unwrap();
    }
}

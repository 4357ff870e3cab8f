use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::broadcast;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let listener = TcpListener::bind("0.0.0.0:3000").await?;
    let (sender, _) = broadcast::channel::<String>(64);
    loop {
        let (socket, _) = listener.accept().await?;
        let sender = sender.clone();
        let mut receiver = sender.subscribe();
        tokio::spawn(async move {
            let (read, mut write) = socket.into_split();
            let mut lines = BufReader::new(read).lines();
            loop {
                tokio::select! {
                    line = lines.next_line() => match line {
                        Ok(Some(line)) => { let _ = sender.send(line); }
                        _ => break,
                    },
                    message = receiver.recv() => {
                        if let Ok(message) = message {
                            if write.write_all(format!("{message}\n").as_bytes()).await.is_err() { break; }
                        }
                    }
                }
            }
        });
    }
}

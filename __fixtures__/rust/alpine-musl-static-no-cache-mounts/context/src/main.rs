use std::net::UdpSocket;

fn main() -> std::io::Result<()> {
    let socket = UdpSocket::bind("0.0.0.0:7070")?;
    let mut buffer = [0u8; 1500];
    loop {
        let (size, peer) = socket.recv_from(&mut buffer)?;
        socket.send_to(&buffer[..size], peer)?;
    }
}

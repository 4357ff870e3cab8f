//! `statusd serve` answers `GET /status` with a small JSON document;
//! `statusd check <host:port>` exits 0 when such an endpoint answers.

use std::env;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::ExitCode;
use std::time::{Duration, Instant};

fn serve(port: &str) -> std::io::Result<()> {
    let listener = TcpListener::bind(format!("0.0.0.0:{port}"))?;
    let started = Instant::now();
    eprintln!("statusd listening on port {port}");
    for stream in listener.incoming() {
        // One client hanging up early must not stop the server.
        if let Err(error) = stream.and_then(|stream| respond(stream, started)) {
            eprintln!("statusd: {error}");
        }
    }
    Ok(())
}

fn respond(mut stream: TcpStream, started: Instant) -> std::io::Result<()> {
    let mut request_line = String::new();
    BufReader::new(&stream).read_line(&mut request_line)?;
    let (status, body) = if request_line.starts_with("GET /status ") {
        ("200 OK", format!("{{\"status\":\"ok\",\"uptime_seconds\":{}}}", started.elapsed().as_secs()))
    } else {
        ("404 Not Found", String::from("{\"status\":\"not found\"}"))
    };
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

fn check(address: &str) -> std::io::Result<bool> {
    let mut stream = TcpStream::connect(address)?;
    stream.set_read_timeout(Some(Duration::from_secs(3)))?;
    write!(stream, "GET /status HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n")?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    Ok(response.starts_with("HTTP/1.1 200"))
}

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve(&env::var("STATUSD_PORT").unwrap_or_else(|_| "8080".into())).map(|()| true),
        Some("check") if args.len() == 2 => check(&args[1]),
        _ => {
            eprintln!("usage: statusd serve | statusd check <host:port>");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("statusd: {error}");
            ExitCode::FAILURE
        }
    }
}

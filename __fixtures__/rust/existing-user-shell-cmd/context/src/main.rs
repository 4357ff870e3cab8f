use std::path::PathBuf;

fn main() {
    let data: PathBuf = std::env::args().nth(2).unwrap_or_else(|| "/var/lib/notifier".into()).into();
    println!("notifier keeps its queue in {}", data.display());
}

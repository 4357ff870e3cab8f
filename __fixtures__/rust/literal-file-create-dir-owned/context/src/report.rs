use std::fs::File;
use std::io::{self, BufRead, BufReader, Write};

pub fn summarize(path: &str) -> io::Result<String> {
    let lines = BufReader::new(File::open(path)?).lines().count();
    let mut out = File::create("data/summary.txt")?;
    writeln!(out, "{lines} lines")?;
    Ok(format!("{lines} lines"))
}

use std::env;
use std::fs::File;
use std::io::Write;

fn main() -> std::io::Result<()> {
    let args: Vec<String> = env::args().collect();
    let output_file = args.get(1).cloned().unwrap_or_else(|| "report.csv".to_string());
    let mut out = File::create(output_file)?;
    writeln!(out, "name,total")?;
    Ok(())
}

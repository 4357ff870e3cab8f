fn main() {
    let entries = Vec::new();
    println!("{}", ledger_core::balance(&entries));
}

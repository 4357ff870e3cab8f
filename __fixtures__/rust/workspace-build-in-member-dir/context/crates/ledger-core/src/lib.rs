use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    pub account: String,
    pub amount_cents: i64,
}

pub fn balance(entries: &[Entry]) -> i64 {
    entries.iter().map(|entry| entry.amount_cents).sum()
}

pub const SERVICE: &str = "inventory";

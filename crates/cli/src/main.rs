//! The `underlag` command.
fn main() {}

//! `cargo run --example rulebook`: a rule book written as data — formulas, a decision
//! table, a built-in kind, growth against last year (同比), points by rank (名次计分), a
//! composite indicator (复合指标), a host rule written in Rust and a veto (一票否决) —
//! loaded strictly, evaluated on six county bureaus, with the ranks, the red and black
//! lists and one bureau's lost points explained in Chinese and English.

#[path = "support/rulebook.rs"]
mod rulebook;

fn main() -> scorecard::Result<()> {
    let (assessment, evaluation) = rulebook::assess()?;
    let text = rulebook::report(&assessment, &evaluation, &rulebook::EXPLAINED.into())?;
    print!("{text}");
    Ok(())
}

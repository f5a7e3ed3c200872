mod as_formula;
mod cases;
mod counts;
mod direction;
mod formula_rule;
mod host;
mod parameters;
mod plain;
pub(crate) mod props;

mod as_formula;
mod cases;
mod counts;
mod direction;
mod parameters;
mod plain;
pub(crate) mod props;

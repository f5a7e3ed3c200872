mod cases;
mod counts;
mod direction;
mod parameters;
mod plain;
pub(crate) mod props;

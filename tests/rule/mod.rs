mod cases;
pub(crate) mod props;

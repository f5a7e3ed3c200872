mod cases;
mod errors;
mod props;
mod traces;

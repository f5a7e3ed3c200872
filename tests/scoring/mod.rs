mod cases;
mod dense;
mod errors;
mod props;
mod traces;

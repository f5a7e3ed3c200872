mod cases;
mod dense;
mod errors;
mod live;
mod props;
mod traces;

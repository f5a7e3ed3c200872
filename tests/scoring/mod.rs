mod dense;
mod errors;
mod live;
mod overrides;
mod props;
mod rescore;
mod traces;

#![doc = include_str!("../../docs/METHODS.md")]

mod exact;
pub mod math;
mod percentile;
mod quantile;
mod wide;

pub use self::percentile::{Kind, percentile_of_score};
pub use self::quantile::{
    Ddof, Method, OutOfRange, QuantileOptions, Summary, mean, median, quantile, quantiles,
    std_dev, variance,
};

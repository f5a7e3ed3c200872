mod composite;
mod dense;
mod errors;
mod live;
mod overrides;
mod props;
mod traces;
mod veto;

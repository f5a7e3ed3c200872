//! The organisation graph: every validation finding and every query.

mod graph;

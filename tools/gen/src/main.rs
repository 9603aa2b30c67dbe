//! trifocal-gen: command line entry point (argument parsing and dispatch to the commands).

mod burst;
mod http;
mod huge;
mod loki;
mod manifest;
mod metrics;
mod model;
mod otlp;
mod rng;
mod run;
mod sim;

fn main() {}

//! fetch-playground: the same batch of browser fetches, run five ways, timed side by side.
pub mod app;
pub mod browser;
pub mod components;
pub mod config;
pub mod engine;
pub mod lang;
pub mod latency;
pub mod lessons;
pub mod report;
pub mod rng;
pub mod sim;
pub mod sort;
pub mod state;
pub mod stats;
pub mod verdict;
pub mod viz;

pub use app::App;

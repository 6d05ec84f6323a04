//! CPU mode workers in a run's numbers: how many handlers the pool ran at
//! once, which sets the floor N × cpu ÷ workers the verdict and the lesson
//! measure the wall against. Pure.
use crate::config::{CpuMode, Settings};
use crate::lessons::cpu::most_at_once;

/// For a run in CPU mode workers, the most handlers its spans show at once
/// (at least 1: the pool had at least one worker); `None` for the page's
/// thread. A file without spans counts as one worker, the safe floor.
pub fn workers(settings: &Settings, handlers: Option<&[Option<(f64, f64)>]>) -> Option<usize> {
    (settings.cpu_mode == CpuMode::Workers).then(|| handlers.map_or(1, most_at_once).max(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Field, RawSettings};
    use crate::verdict::Cpu;

    fn settings(mode: &str) -> Settings {
        let mut raw = RawSettings::default();
        raw.set(Field::CpuMs, "50");
        raw.set(Field::CpuMode, mode);
        raw.validate().expect("valid")
    }

    #[test]
    fn workers_are_the_most_handlers_seen_at_once() {
        let spans = [
            Some((0.0, 50.0)),
            Some((1.0, 51.0)),
            None,
            Some((51.0, 101.0)),
        ];
        assert_eq!(workers(&settings("main"), Some(&spans)), None);
        assert_eq!(workers(&settings("workers"), Some(&spans)), Some(2));
        assert_eq!(workers(&settings("workers"), None), Some(1));
        assert_eq!(workers(&settings("workers"), Some(&[])), Some(1));
    }

    #[test]
    fn the_floor_is_n_cpu_over_the_workers() {
        let main = Cpu {
            per_ms: 50,
            responses: 20,
            workers: None,
        };
        assert_eq!(main.total_ms(), 1000.0);
        assert_eq!(main.floor_ms(), 1000.0);
        let pooled = Cpu {
            workers: Some(2),
            ..main
        };
        assert_eq!(pooled.total_ms(), 1000.0);
        assert_eq!(pooled.floor_ms(), 500.0);
        assert_eq!(
            Cpu {
                workers: Some(0),
                ..main
            }
            .floor_ms(),
            1000.0
        );
    }
}

//! The lessons panel: each seed post's experiment one click away, its
//! published numbers, and after the runs, the check and ours-vs-theirs.
use crate::lessons::{check, Check, Claim, Lesson, LESSONS, REAL_HOST_RATE};
use crate::state::Playground;
use leptos::prelude::*;

/// Lesson 000's smaller N, for a class that cannot wait 40 s.
const SMALLER_N: usize = 500;

/// How long lesson 002 holds its built futures before polling them.
const LAZY_HOLD_MS: f64 = 1_000.0;

fn next_step(lesson: &Lesson) -> &'static str {
    match lesson.claim {
        Claim::Lazy => "Then press \"Run the lazy-futures experiment\".",
        Claim::Http2 => "Then press \"Run HTTP/1.1, then HTTP/2\" (about 25 s with the sweep).",
        Claim::Polls => "Then press \"Run the polls experiment\".",
        Claim::Throughput { .. } => "Then press Run (or Sweep, to find the knee).",
        Claim::TasksInOrder { .. } => {
            "Then press Compare: it runs the loop, then the same requests as tasks awaited in creation order, in Rust and then in Python."
        }
        Claim::Lanes { .. } => {
            "Then press Compare: it runs join_all_limited at k = 1, 5 and 20, one after another."
        }
        // Compare adds each Python twin right after Rust's run (state::with_python_twins).
        _ if lesson.twin.plan.len() == 3 && !lesson.python_twins().is_empty() => {
            "Then press Compare: it runs all three, the loop and join_all each followed by the same in Python."
        }
        _ if lesson.twin.plan.len() > 3 && !lesson.python_twins().is_empty() => {
            "Then press Compare: it runs all four, each followed by the same in Python."
        }
        _ if lesson.twin.plan.len() == 3 => "Then press Compare: it runs all three.",
        _ if lesson.twin.plan.len() > 3 => "Then press Compare: it runs all four.",
        _ => "Then press Compare.",
    }
}

#[component]
fn CheckView(check: Check) -> impl IntoView {
    view! {
        <p class="lesson-check" data-testid="lesson-check" data-shown=check.shown.to_string()>
            {check.evidence}
        </p>
        <p class="lesson-verdict" data-testid="lesson-verdict">{check.sentence}</p>
    }
}

/// The one-line explanation of each term of art `texts` use, shown under
/// them (visible: a tooltip does not show on a projector or a touch screen).
#[component]
pub fn Gloss(testid: &'static str, texts: Vec<String>) -> impl IntoView {
    crate::lessons::terms::gloss_line(texts.iter().map(String::as_str))
        .map(|line| view! { <p class="gloss" data-testid=testid>{line}</p> })
}

/// Beside the verdict, where the eye is after a press: the chosen lesson's
/// prediction, then its check and ours-vs-theirs.
#[component]
pub fn LessonResult(pg: Playground) -> impl IntoView {
    let shown = move || {
        let lesson = pg.lesson.chosen()?;
        let check = match lesson.claim {
            Claim::Lazy => pg.lesson.lazy(),
            _ => pg
                .history
                .with_runs(|runs| check(lesson, &pg.lesson.measured(runs))),
        }?;
        // A results link's runs are the recorded ones: their check says so.
        let recorded = pg.history.with_runs(|runs| {
            pg.lesson
                .recorded_on(runs)
                .map(|date| format!("Recorded on {date}, not re-run. "))
        });
        Some(view! {
            <aside class="lesson-result" data-testid="lesson-result" data-lesson=lesson.id>
                {recorded.map(|r| view! { <p class="recorded" data-testid="lesson-recorded">{r}</p> })}
                <p class="prediction">{format!("Lesson {} predicted: {}", lesson.id, lesson.prediction)}</p>
                <CheckView check=check.clone() />
                <Gloss testid="lesson-gloss" texts=vec![lesson.prediction.to_string(), check.evidence, check.sentence] />
            </aside>
        })
    };
    view! { {shown} }
}

/// The chosen lesson: published numbers, prediction, and what to press.
#[component]
fn Chosen(pg: Playground, lesson: &'static Lesson) -> impl IntoView {
    let run_lazy = move |_| pg.run_lazy(LAZY_HOLD_MS);
    let real = lesson.claim == Claim::Http2;
    view! {
        <div class="lesson-chosen" data-testid="lesson-chosen" data-lesson=lesson.id>
            <h2>{lesson.title}</h2>
            <p class="credit">
                {if real { format!("After {}: ", lesson.post) } else { format!("After the post “{}”: ", lesson.post) }}
                {lesson.experiment}
            </p>
            <p class="published" data-testid="published">"Published: " {lesson.published}</p>
            {move || match (real, lesson.real_target.filter(|_| pg.lesson.real())) {
                (true, _) => None,
                (false, Some(host)) => Some(view! {
                    // A polite REAL_HOST_RATE starts a second bound every strategy:
                    // N requests need at least (N − 1) ÷ rate seconds however many run at once.
                    <p class="twin" data-testid="lesson-real-host">
                        {format!(
                            "On the post's real host ({host}), at most {REAL_HOST_RATE} requests start per second: {n} requests take at least {:.1} s whatever the strategy, so the ideal (replayed with the same rate limit) is about 1×, not {n}×.",
                            (lesson.twin.n.saturating_sub(1)) as f64 / f64::from(REAL_HOST_RATE),
                            n = lesson.twin.n,
                        )}
                    </p>
                    <p class="prediction" data-testid="lesson-prediction">
                        "What you should see: every strategy takes about the same time, set by the rate limit, not by how many run at once. The check measures each against that rate-limited ideal."
                    </p>
                }.into_any()),
                (false, None) => Some(view! {
                    <p class="twin">
                        {format!(
                            "Offline twin (the simulated server, standing in for theirs): {}; N = {}, k = {}{}.",
                            lesson.twin.source.explain(),
                            lesson.twin.n,
                            lesson.twin.k,
                            if lesson.twin.cpu_ms > 0 { format!(", {} ms CPU per response", lesson.twin.cpu_ms) } else { String::new() },
                        )}
                    </p>
                    <p class="prediction" data-testid="lesson-prediction">"What you should see: " {lesson.prediction}</p>
                }.into_any()),
            }}
            {real.then(|| view! {
                <p class="prediction" data-testid="lesson-prediction">"What you should see: " {lesson.prediction}</p>
            })}
            <p class="next">{next_step(lesson)}</p>
            {matches!(lesson.claim, Claim::Throughput { .. }).then(|| view! {
                // N = 500 sweeps 20 … 300 in about 10 s at 200 ms a call:
                // 25 + 10 + 5 + 4 + 3 + 2 waves × 200 ms ≈ 9.8 s, plus ramp-up.
                <button type="button" class="secondary" data-testid="lesson-smaller"
                    disabled=move || pg.session.is_running()
                    on:click=move |_| pg.set(crate::config::Field::Requests, SMALLER_N.to_string())>
                    {format!("Smaller: N = {SMALLER_N}, a sweep of about 10 s")}
                </button>
            })}
            {real.then(|| view! {
                <p class="twin">
                    "On this machine's latency server (" <code>"cargo xtask serve"</code> "): "
                    {crate::lessons::h2::HTTP1_TARGET} ", then " {crate::lessons::h2::HTTP2_TARGET}
                    ", then the sweep on " {crate::lessons::h2::SWEEP_TARGET}
                    ". HTTPS uses a self-signed certificate: open https://localhost:18702/hello and https://localhost:18703/hello once and accept it."
                </p>
                <button type="button" data-testid="h2-run" disabled=move || !pg.can_run() on:click=move |_| pg.run_http2_lesson()>
                    "Run HTTP/1.1, then HTTP/2"
                </button>
            })}
            {(lesson.claim == Claim::Lazy).then(|| view! {
                <button type="button" data-testid="lazy-run" disabled=move || !pg.can_run() on:click=run_lazy>
                    "Run the lazy-futures experiment"
                </button>
                <p class="note">
                    "Two join_all runs of the form's requests in Rust, each under its timeout, rate limit and retries; then the same two in Python (coroutine objects held, then ensure_future's tasks), which loads Pyodide the first time. Cancel stops the experiment."
                </p>
            })}
            {(lesson.claim == Claim::Polls).then(|| view! {
                <button type="button" data-testid="polls-run" disabled=move || !pg.can_run() on:click=move |_| pg.run_polls()>
                    "Run the polls experiment"
                </button>
                <p class="note">
                    "Four runs: join_all and buffer_unordered at N = 20, then at N = 200. Rust's view, under the waterfall, shows the first two side by side."
                </p>
            })}
            <p class="note">"After the run, its check appears under the verdict, beside the result."</p>
            <p class="teaches">{lesson.teaches}</p>
            // Every term of art these texts use, explained here, where it first shows.
            <Gloss testid="lesson-terms" texts=vec![
                "twin".to_string(), lesson.experiment.into(), lesson.published.into(),
                lesson.prediction.into(), lesson.teaches.into(),
            ] />
        </div>
    }
}

#[component]
pub fn LessonPanel(pg: Playground) -> impl IntoView {
    view! {
        <details class="lessons" data-testid="lessons" open>
            <summary>"Lessons: the seed posts' experiments, one click away"</summary>
            <p class="note">
                "Each button fills the form and the Compare list; nothing runs until you press Run or Compare. "
                "Every seed post's lesson runs on the simulated server with a delay derived from the post's own numbers; the HTTP/2 lesson needs this project's latency server (cargo xtask serve)."
            </p>
            <ul class="lesson-list">
                {LESSONS
                    .iter()
                    .map(|lesson| {
                        view! {
                            <li>
                                <button
                                    type="button"
                                    data-testid=lesson.testid()
                                    disabled=move || pg.session.is_running()
                                    aria-pressed=move || (pg.lesson.chosen().map(|l| l.id) == Some(lesson.id)).to_string()
                                    on:click=move |_| pg.choose_lesson(lesson, false)
                                >
                                    {format!("{} · {}", lesson.id, lesson.title)}
                                </button>
                                {(lesson.id == crate::lessons::START_HERE).then(|| view! { <strong class="start-here">" start here"</strong> })}
                                <span class="credit">" “" {lesson.post} "”"</span>
                                {lesson.real_target.map(|_| view! {
                                    <button
                                        type="button"
                                        class="secondary"
                                        data-testid=format!("{}-real", lesson.testid())
                                        title=format!("Fetch the post's real API instead of the twin, at most {REAL_HOST_RATE} requests per second")
                                        disabled=move || pg.session.is_running()
                                        on:click=move |_| pg.choose_lesson(lesson, true)
                                    >
                                        "real host"
                                    </button>
                                })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            {move || pg.lesson.chosen().map(|lesson| view! { <Chosen pg=pg lesson=lesson /> })}
        </details>
    }
}

//! `scorecard-service --data DIR --db FILE [--listen ADDR]`: the reference service.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use scorecard_service::cli::{self, Command, USAGE};
use scorecard_service::engine::App;
use scorecard_service::{api, config, push};

fn main() -> ExitCode {
    let options = match cli::parse(std::env::args_os().skip(1)) {
        Ok(Command::Help) => {
            print!("{}", cli::help());
            return ExitCode::SUCCESS;
        }
        Ok(Command::Serve(o)) => o,
        Err(e) => {
            eprintln!("scorecard-service: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let data = match config::load(&options.data) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("scorecard-service: {e}");
            return ExitCode::from(e.exit_code());
        }
    };
    if data.tokens.is_none() && !options.listen.ip().is_loopback() {
        eprintln!(
            "scorecard-service: --listen {} is not a loopback address: the service needs \
             tokens.toml in {} to listen there",
            options.listen,
            options.data.display()
        );
        return ExitCode::from(2);
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("scorecard-service: cannot start the runtime: {e}");
            return ExitCode::from(1);
        }
    };
    runtime.block_on(serve(options, data))
}

async fn serve(options: cli::Options, data: config::Data) -> ExitCode {
    let (db, as_of) = (options.db.clone(), options.as_of);
    let open = tokio::task::spawn_blocking(move || App::open(data, &db, as_of)).await;
    let app = match open {
        Ok(Ok(app)) => Arc::new(app),
        Ok(Err(e)) => {
            eprintln!("scorecard-service: {e}");
            return ExitCode::from(1);
        }
        Err(e) => {
            eprintln!("scorecard-service: {e}");
            return ExitCode::from(1);
        }
    };
    let listener = match tokio::net::TcpListener::bind(options.listen).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!(
                "scorecard-service: cannot listen on {}: {e}",
                options.listen
            );
            return ExitCode::from(1);
        }
    };
    let addr = listener.local_addr().map_or(options.listen, |a| a);
    let snapshot = app.snapshot();
    if app.data.tokens.is_none() {
        eprintln!("scorecard-service: no tokens.toml: open access (loopback only)");
    }
    eprintln!(
        "scorecard-service: {} facts of {} batches replayed from {}",
        snapshot.facts,
        snapshot.version,
        options.db.display()
    );
    // the first line on stdout is the address, for scripts and tests started on port 0
    println!("listening on http://{addr}");
    tokio::spawn(push::deliver(app.clone()));
    tokio::spawn(tick(app.clone()));
    let router = api::router(app.clone(), options.body_limit);
    let closing = app.clone();
    let served = axum::serve(listener, router)
        .with_graceful_shutdown(async move {
            stop_signal().await;
            let _ = closing.closing.send(true);
        })
        .await;
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("scorecard-service: {e}");
            ExitCode::from(1)
        }
    }
}

/// Cards change with the date: re-check them (and alerts) at start and every minute.
async fn tick(app: Arc<App>) {
    let mut closing = app.closing.subscribe();
    loop {
        let a = app.clone();
        match tokio::task::spawn_blocking(move || a.tick()).await {
            Ok(Err(e)) => eprintln!("scorecard-service: alerts and cards: {e}"),
            Err(e) => eprintln!("scorecard-service: alerts and cards: {e}"),
            Ok(Ok(_)) => {}
        }
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_secs(60)) => {}
            _ = closing.changed() => return,
        }
    }
}

async fn stop_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
}

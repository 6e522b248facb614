//! Waiting for the process to be asked to stop: Ctrl-C, or SIGTERM on Unix.
//!
//! The handlers are installed when [`Interrupts::listen`] is called (not when first
//! awaited), so a signal that arrives right after start is never lost to the default
//! handler.

/// The stop signals of the process, listened to from creation on.
#[derive(Debug)]
pub(super) struct Interrupts {
    #[cfg(unix)]
    interrupt: Option<tokio::signal::unix::Signal>,
    #[cfg(unix)]
    terminate: Option<tokio::signal::unix::Signal>,
    #[cfg(windows)]
    ctrl_c: Option<tokio::signal::windows::CtrlC>,
}

#[cfg(not(any(unix, windows)))]
impl Interrupts {
    pub(super) fn listen() -> Self {
        Interrupts {}
    }

    pub(super) async fn next(&mut self) {
        std::future::pending::<()>().await
    }
}

#[cfg(any(unix, windows))]
impl Interrupts {
    /// Installs the handlers. Must be called within a Tokio runtime context.
    pub(super) fn listen() -> Self {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Interrupts {
                interrupt: signal(SignalKind::interrupt()).ok(),
                terminate: signal(SignalKind::terminate()).ok(),
            }
        }
        #[cfg(windows)]
        {
            Interrupts {
                ctrl_c: tokio::signal::windows::ctrl_c().ok(),
            }
        }
    }

    /// Resolves at the next stop signal (never, if no handler could be installed).
    pub(super) async fn next(&mut self) {
        #[cfg(unix)]
        {
            let interrupt = wait(self.interrupt.as_mut());
            let terminate = wait(self.terminate.as_mut());
            tokio::select! {
                _ = interrupt => {}
                _ = terminate => {}
            }
        }
        #[cfg(windows)]
        {
            match self.ctrl_c.as_mut() {
                Some(ctrl_c) => {
                    ctrl_c.recv().await;
                }
                None => std::future::pending::<()>().await,
            }
        }
    }
}

#[cfg(unix)]
async fn wait(signal: Option<&mut tokio::signal::unix::Signal>) {
    match signal {
        Some(signal) => {
            if signal.recv().await.is_none() {
                std::future::pending::<()>().await;
            }
        }
        None => std::future::pending::<()>().await,
    }
}

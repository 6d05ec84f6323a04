//! A cancel signal that any number of in-flight requests can wait on.
use futures::channel::oneshot;
use futures::future::{FutureExt, Shared};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// Cloneable handle: `cancel()` on any clone wakes every `cancelled()` future.
#[derive(Clone)]
pub struct CancelToken {
    flag: Rc<Cell<bool>>,
    tx: Rc<RefCell<Option<oneshot::Sender<()>>>>,
    rx: Shared<oneshot::Receiver<()>>,
}

impl Default for CancelToken {
    fn default() -> Self {
        let (tx, rx) = oneshot::channel();
        CancelToken {
            flag: Rc::new(Cell::new(false)),
            tx: Rc::new(RefCell::new(Some(tx))),
            rx: rx.shared(),
        }
    }
}

impl CancelToken {
    /// A token that has not been cancelled yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Cancels the run: every clone sees it, and every `cancelled()` future resolves.
    pub fn cancel(&self) {
        self.flag.set(true);
        if let Some(tx) = self.tx.borrow_mut().take() {
            // The receiver lives in `self`, so this send cannot fail.
            let _ = tx.send(());
        }
    }

    /// Whether `cancel()` has been called on any clone.
    pub fn is_cancelled(&self) -> bool {
        self.flag.get()
    }

    /// Resolves once `cancel()` has been called.
    pub async fn cancelled(&self) {
        if !self.is_cancelled() {
            let _ = self.rx.clone().await;
        }
    }
}

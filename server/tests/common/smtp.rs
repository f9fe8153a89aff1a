//! A mail server for the tests: accepts every message over plain SMTP and
//! keeps it, so that a test can stop it (mail refused) and start it again.
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

#[derive(Clone, Default)]
pub struct Sink {
    pub messages: Arc<Mutex<Vec<String>>>,
    /// Answered to every RCPT instead of 250 (e.g. a permanent 550).
    pub refuse: Option<&'static str>,
}

/// A local port nothing listens on (yet).
pub async fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    l.local_addr().unwrap().port()
}

impl Sink {
    pub async fn start(port: u16) -> (Self, tokio::task::JoinHandle<()>) {
        Self::serve(port, Self::default()).await
    }

    /// A server that refuses every recipient with `answer`.
    pub async fn refusing(port: u16, answer: &'static str) -> (Self, tokio::task::JoinHandle<()>) {
        let sink = Self {
            refuse: Some(answer),
            ..Self::default()
        };
        Self::serve(port, sink).await
    }

    async fn serve(port: u16, sink: Self) -> (Self, tokio::task::JoinHandle<()>) {
        let listener = TcpListener::bind(("127.0.0.1", port)).await.unwrap();
        let kept = sink.clone();
        let task = tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                tokio::spawn(kept.clone().session(socket));
            }
        });
        (sink, task)
    }

    pub fn received(&self) -> Vec<String> {
        self.messages.lock().unwrap().clone()
    }

    async fn session(self, socket: tokio::net::TcpStream) {
        let (read, mut write) = socket.into_split();
        let mut lines = BufReader::new(read).lines();
        let _ = write.write_all(b"220 puits ESMTP\r\n").await;
        let mut data: Option<String> = None;
        while let Ok(Some(line)) = lines.next_line().await {
            if let Some(message) = data.as_mut() {
                if line == "." {
                    self.messages.lock().unwrap().push(data.take().unwrap());
                    let _ = write.write_all(b"250 recu\r\n").await;
                } else {
                    message.push_str(&line);
                    message.push('\n');
                }
                continue;
            }
            let verb = line.get(..4).unwrap_or_default().to_ascii_uppercase();
            let answer: &[u8] = match verb.as_str() {
                "DATA" => {
                    data = Some(String::new());
                    b"354 la suite\r\n"
                }
                "RCPT" if self.refuse.is_some() => {
                    let _ = write
                        .write_all(format!("{}\r\n", self.refuse.unwrap()).as_bytes())
                        .await;
                    continue;
                }
                "QUIT" => {
                    let _ = write.write_all(b"221 au revoir\r\n").await;
                    return;
                }
                _ => b"250 ok\r\n",
            };
            let _ = write.write_all(answer).await;
        }
    }
}

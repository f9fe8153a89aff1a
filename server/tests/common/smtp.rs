//! A mail server for the tests: accepts every message over plain SMTP and
//! keeps it, so that a test can stop it (mail refused) and start it again.
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

#[derive(Clone, Default)]
pub struct Sink {
    pub messages: Arc<Mutex<Vec<String>>>,
}

/// A local port nothing listens on (yet).
pub async fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    l.local_addr().unwrap().port()
}

impl Sink {
    pub async fn start(port: u16) -> (Self, tokio::task::JoinHandle<()>) {
        let sink = Self::default();
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

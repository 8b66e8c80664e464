export function App() {
  return (
    <main>
      <h1>MSNP Log Analyzer</h1>
      <p>Drop an MSN Messenger protocol log to see every command, reply and error. The log never leaves your browser.</p>
    </main>
  );
}

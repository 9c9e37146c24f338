import type Dockerode from 'dockerode';
import type { AttachRequest, ContainerAttachment } from '../../core/ports/containerEngine';
import { translateEngineError } from './engineErrors';

type Listener = (chunk: Uint8Array, stream: 'stdout' | 'stderr') => void;

/**
 * A hijacked attach connection as a ContainerAttachment. Without a TTY the engine multiplexes stdout and stderr in
 * frames (8-byte header: stream type, 3 zero bytes, big-endian length), which are split here.
 */
export async function attachToContainer(container: Dockerode.Container, request: AttachRequest, socket: string): Promise<ContainerAttachment> {
  const stream = (await container.attach({ stream: true, stdin: request.stdin, stdout: true, stderr: true, hijack: request.stdin })) as NodeJS.ReadWriteStream & {
    destroy(): void; end(): void;
  };
  const listeners: Listener[] = [];
  const buffered: { chunk: Uint8Array; stream: 'stdout' | 'stderr' }[] = [];
  const emit = (chunk: Uint8Array, which: 'stdout' | 'stderr'): void => {
    // Output that arrives before anyone listens is kept, so a fast container's first bytes are not lost.
    if (listeners.length === 0) buffered.push({ chunk, stream: which });
    for (const l of listeners) l(chunk, which);
  };
  const demux = request.tty ? undefined : new FrameSplitter(emit);
  stream.on('data', (chunk: Buffer) => (demux ? demux.push(chunk) : emit(chunk, 'stdout')));
  const ended = new Promise<void>((resolve) => {
    stream.on('end', () => resolve());
    stream.on('close', () => resolve());
    stream.on('error', () => resolve());
  });
  return {
    onOutput(listener) {
      listeners.push(listener);
      for (const b of buffered.splice(0)) listener(b.chunk, b.stream);
    },
    write(data) {
      if (request.stdin) stream.write(typeof data === 'string' ? data : Buffer.from(data));
    },
    endInput() {
      if (request.stdin) stream.end();
    },
    async resize(size) {
      if (!request.tty) return;
      try {
        await container.resize({ h: size.rows, w: size.columns });
      } catch (error) {
        // A container that already stopped cannot be resized; that is not worth an error in a closing terminal.
        const status = (error as { statusCode?: number }).statusCode;
        if (status === 404 || status === 409 || status === 500) return;
        throw translateEngineError(error, 'resizing the terminal', socket);
      }
    },
    detach() {
      stream.destroy();
    },
    ended,
  };
}

class FrameSplitter {
  private buffer: Buffer = Buffer.alloc(0);
  constructor(private readonly emit: Listener) {}
  push(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    while (this.buffer.length >= 8) {
      const size = this.buffer.readUInt32BE(4);
      if (this.buffer.length < 8 + size) return;
      const type = this.buffer[0];
      const payload = this.buffer.subarray(8, 8 + size);
      this.buffer = this.buffer.subarray(8 + size);
      this.emit(payload, type === 2 ? 'stderr' : 'stdout');
    }
  }
}

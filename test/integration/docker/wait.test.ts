import { strict as assert } from 'node:assert';
import { DockerodeEngine } from '../../../src/adapters/docker/dockerodeEngine';
import { TEST_BASE_IMAGE, dockerEngineAvailable } from './support';

if (dockerEngineAvailable('container wait integration tests')) {
  describe('waiting for a container on the real engine', function () {
    this.timeout(60_000);

    it('waits as long as the container runs, past the engine call timeout (an interactive session lasts minutes)', async () => {
      // The call timeout is 300 ms here; the container runs for 2 s. Found by driving the demo: a droid session died
      // after the default 30 s call timeout because the wait inherited it.
      const engine = new DockerodeEngine({ callTimeoutMs: 300 });
      const slowEngine = new DockerodeEngine();
      const { id } = await slowEngine.createContainer({ Image: TEST_BASE_IMAGE, Cmd: ['sh', '-c', 'sleep 2; exit 7'], Labels: { 'lw_coder.test': 'wait' }, HostConfig: {} });
      try {
        await slowEngine.startContainer(id);
        assert.equal(await engine.waitContainer(id), 7);
      } finally {
        await slowEngine.removeContainer(id, { force: true });
      }
    });

    it('still honours an explicit wait timeout', async () => {
      const engine = new DockerodeEngine();
      const { id } = await engine.createContainer({ Image: TEST_BASE_IMAGE, Cmd: ['sleep', '30'], Labels: { 'lw_coder.test': 'wait' }, HostConfig: {} });
      try {
        await engine.startContainer(id);
        await assert.rejects(engine.waitContainer(id, { timeoutMs: 500 }), /longer than/);
      } finally {
        await engine.removeContainer(id, { force: true });
      }
    });
  });
}

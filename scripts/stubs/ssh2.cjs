// docker-modem requires 'ssh2' at load time for ssh:// Docker hosts. LW Coder talks to the local engine socket only,
// so the bundle carries this stub instead of ssh2 (and its optional native crypto); an ssh host gets a clear error.
class Client {
  constructor() {
    throw new Error('LW Coder does not support ssh:// Docker hosts. Use a local engine socket, or forward it: ssh -L /tmp/docker.sock:/var/run/docker.sock host, then DOCKER_HOST=unix:///tmp/docker.sock.');
  }
}
module.exports = { Client };

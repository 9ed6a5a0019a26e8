import { defineInternalFunction, needsServer } from './define.js';

/** docs/internal-functions.md `directDialPause`: pauses or unpauses a direct-dial agent, with an event to the default webhook. */
export const directDialPauseFunction = defineInternalFunction({
  name: 'directDialPause',
  description:
    'Sets a direct-dial agent on break (pause=true) or back (pause=false); sends agent.paused / agent.unpaused to the default webhook.',
  inputs: [
    { name: 'agentId', description: 'the agent id', required: true },
    { name: 'pause', description: 'true or false', required: true },
  ],
  outputs: [{ name: 'cli_pause_update', description: 'a readable success or failure message' }],
  needsServer: true,
  run: async ({ inputs, server }) => {
    if (!server) return needsServer('directDialPause');
    const agentId = (inputs['agentId'] ?? '').trim();
    const pauseText = (inputs['pause'] ?? '').trim().toLowerCase();
    if (pauseText !== 'true' && pauseText !== 'false') {
      const message = 'pause must be true or false';
      return {
        ok: false,
        reason: 'INVALID_REQUEST',
        message,
        outputs: { cli_pause_update: message },
      };
    }
    const result = await server.setAgentBreak(agentId, pauseText === 'true');
    if (!result.ok) {
      return {
        ok: false,
        reason: 'CLIENT_ERROR',
        message: result.message,
        outputs: { cli_pause_update: result.message },
      };
    }
    const message = result.onBreak
      ? `Agent ${result.name} is now on break`
      : `Agent ${result.name} is back from break`;
    return { ok: true, outputs: { cli_pause_update: message } };
  },
});

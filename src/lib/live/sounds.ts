/**
 * The big screen's sounds, drawn with the Web Audio API: no audio file, nothing fetched. A
 * browser lets audio start only after a gesture, so the context is made when the host turns
 * the sound on (a click), and resumed on later gestures.
 */
import type { Sound } from './sound-rules';

/** Where the host's choice is remembered in this browser. */
export const SOUND_KEY = 'gs-man-hinh-am-thanh';

export class ScreenSounds {
	private context: AudioContext | null = null;

	/** Whether this browser can play them at all. */
	static available(): boolean {
		return typeof window !== 'undefined' && 'AudioContext' in window;
	}

	/** Makes or wakes the audio context; call from a user gesture. */
	wake() {
		if (!ScreenSounds.available()) return;
		this.context ??= new AudioContext();
		if (this.context.state === 'suspended') void this.context.resume();
	}

	play(sound: Sound) {
		const ctx = this.context;
		if (!ctx || ctx.state !== 'running') return;
		const t = ctx.currentTime;
		if (sound === 'tick') this.tone(880, 'square', t, 0.07, 0.12);
		else if (sound === 'fall') this.sweep(440, 110, t, 0.7);
		// A bell: a few inharmonic partials of a struck bell, each dying away on its own.
		else
			for (const [ratio, gain, decay] of [
				[1, 0.35, 2.6],
				[2, 0.2, 2],
				[2.76, 0.14, 1.5],
				[5.4, 0.08, 1],
				[8.93, 0.04, 0.7]
			] as const)
				this.tone(659 * ratio, 'sine', t, decay, gain);
	}

	close() {
		void this.context?.close();
		this.context = null;
	}

	private tone(hz: number, type: OscillatorType, at: number, seconds: number, gain: number) {
		const ctx = this.context!;
		const osc = ctx.createOscillator();
		const amp = ctx.createGain();
		osc.type = type;
		osc.frequency.value = hz;
		amp.gain.setValueAtTime(gain, at);
		amp.gain.exponentialRampToValueAtTime(0.0001, at + seconds);
		osc.connect(amp).connect(ctx.destination);
		osc.start(at);
		osc.stop(at + seconds + 0.05);
	}

	private sweep(fromHz: number, toHz: number, at: number, seconds: number) {
		const ctx = this.context!;
		const osc = ctx.createOscillator();
		const amp = ctx.createGain();
		osc.type = 'triangle';
		osc.frequency.setValueAtTime(fromHz, at);
		osc.frequency.exponentialRampToValueAtTime(toHz, at + seconds);
		amp.gain.setValueAtTime(0.3, at);
		amp.gain.exponentialRampToValueAtTime(0.0001, at + seconds);
		osc.connect(amp).connect(ctx.destination);
		osc.start(at);
		osc.stop(at + seconds + 0.05);
	}
}

// The scenario clock the page shows: live (driven by the stream's clock events, carried forward at the
// rate they arrive, never more than one step ahead) or replay (played at a chosen speed).

export class LiveClock {
  constructor() {
    this.t_s = NaN;
    this.wall = 0;
    this.rate = 0;
    this.step_s = 0;
  }

  /** A clock reading from the service (scenario seconds). */
  set(t_s) {
    const wall = performance.now();
    if (Number.isFinite(this.t_s) && t_s > this.t_s && wall > this.wall) {
      const rate = (t_s - this.t_s) / ((wall - this.wall) / 1000);
      this.rate = this.rate ? 0.7 * this.rate + 0.3 * rate : rate;
      this.step_s = t_s - this.t_s;
    }
    if (!Number.isFinite(this.t_s) || t_s >= this.t_s) {
      this.t_s = t_s;
      this.wall = wall;
    }
  }

  now() {
    if (!Number.isFinite(this.t_s)) return NaN;
    const ahead = ((performance.now() - this.wall) / 1000) * this.rate;
    return this.t_s + Math.min(ahead, this.step_s);
  }
}

export class ReplayClock {
  constructor(end_t_s) {
    this.end_t_s = end_t_s;
    this.t_s = 0;
    this.speed = 30;
    this.playing = false;
    this.wall = performance.now();
  }

  now() {
    if (!this.playing) return this.t_s;
    const t = this.t_s + ((performance.now() - this.wall) / 1000) * this.speed;
    if (t >= this.end_t_s) {
      this.t_s = this.end_t_s;
      this.playing = false;
      return this.t_s;
    }
    return t;
  }

  seek(t_s) {
    this.t_s = Math.max(0, Math.min(this.end_t_s, t_s));
    this.wall = performance.now();
  }

  setSpeed(speed) {
    this.seek(this.now());
    this.speed = speed;
  }

  play() {
    if (this.t_s >= this.end_t_s) this.t_s = 0;
    this.wall = performance.now();
    this.playing = true;
  }

  pause() {
    this.t_s = this.now();
    this.playing = false;
  }
}

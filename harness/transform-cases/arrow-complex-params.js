// Arrows with default or destructured parameters are wrapped; the runtime restores `length`.
const area = ({ w, h }, scale = 1) => w * h * scale;
const pick = ([first], ...rest) => [first, rest.length];
const later = async ({ ms } = {}) => ms;

module.exports = { area, pick, later };

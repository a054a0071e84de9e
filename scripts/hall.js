#!/usr/bin/env node
// `npm run hall`: Rung chuông vàng in a hall whose Wi-Fi (or the laptop's hotspot) may not reach
// the internet. It starts the app as `npm start` does, listening on every interface, with ORIGIN
// set to this machine's LAN address so that every join link and QR points phones there, and the
// machine's other addresses (localhost for the host's own browser) as EXTRA_ORIGINS: requests
// through them are the same site; any other origin stays refused.
//
//   npm run hall                          the likeliest LAN address (private range, real interface)
//   npm run hall -- --address 10.42.0.1   another of this machine's addresses (or HALL_ADDRESS)
import os from 'node:os';
import QRCode from 'qrcode';
import { chooseHallAddress, hallOrigins } from './lan.js';

const flag = process.argv.indexOf('--address');
const wanted = (flag > 0 ? process.argv[flag + 1] : process.env.HALL_ADDRESS)?.trim() || undefined;
const port = Number(process.env.PORT || 3000);

let choice;
try {
	choice = chooseHallAddress(os.networkInterfaces(), wanted);
} catch (error) {
	console.error(`\nKhông thể khởi động: ${error instanceof Error ? error.message : error}`);
	process.exit(1);
}
const { origin, extra } = hallOrigins(choice.address, port, choice.all);
if (process.env.ORIGIN && process.env.ORIGIN !== origin)
	console.log(`Chế độ hội trường dùng ${origin} thay cho ORIGIN=${process.env.ORIGIN}.`);
process.env.PORT = String(port);
process.env.HOST ||= '0.0.0.0';
process.env.ORIGIN = origin;
process.env.EXTRA_ORIGINS = [...extra, process.env.EXTRA_ORIGINS].filter(Boolean).join(',');

// start.js exits on a refused start; once its import settles the server is listening.
await import('./start.js');

const joinAt = `${origin}/choi`;
const qr = await QRCode.toString(joinAt, { type: 'terminal', small: true });
const others = extra.map((o) => `  ${o}`).join('\n');
console.log(`
Rung chuông vàng tại hội trường
Người chơi mở trên điện thoại (cùng mạng Wi-Fi với máy này):

  ${joinAt}

${qr}
Người dẫn chương trình mở trên máy này: http://localhost:${port}/quan-tri/rung-chuong-vang
Màn hình lớn: mở trang trò chơi rồi chọn “Màn hình lớn”.
${
	choice.alone
		? 'Chưa thấy mạng nội bộ nào: chỉ máy này vào được. Bật Wi-Fi hoặc điểm phát sóng rồi khởi động lại.\n'
		: ''
}Máy cũng nhận các địa chỉ:
${others}
Dùng địa chỉ khác: npm run hall -- --address <địa chỉ>. Dừng: Ctrl+C (trò chơi đang chơi được giữ lại).
`);

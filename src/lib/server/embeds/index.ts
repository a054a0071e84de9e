/** The embeds area's public entry: other areas and routes use only what is exported here. */
export * from './service';
export {
	EMBED_HEIGHTS,
	embedPath,
	embedSnippet,
	framingHeaders,
	publicPath,
	roundBoardTitle,
	type EmbedTarget
} from './rules';
export { allowFraming } from './http';

/**
 * Registers the AI Assistant block's editor side. The block is dynamic: render.php draws it for
 * visitors, so nothing is saved but its attributes.
 */
import { registerBlockType, type BlockConfiguration } from '@wordpress/blocks';
import type { AssistantAttributes } from '../lib/types';
import metadata from './block.json';
import { Edit } from './edit';
import './editor.css';
import './view.css';

registerBlockType<AssistantAttributes>(
	metadata as unknown as BlockConfiguration<AssistantAttributes>,
	{
		edit: Edit,
		save: () => null,
	}
);

<?php
/**
 * POST byok-ai/v1/chat.
 *
 * @package ByokAi
 */

namespace ByokAi\Rest;

use ByokAi\Ai\ChatRequest;
use ByokAi\Ai\ChatService;
use ByokAi\Ai\ChatStream;
use ByokAi\Ai\Policy;
use ByokAi\Ai\UserLimit;
use ByokAi\Providers\Registry;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * Chat for logged-in people with the plugin's capability (by default every role that can edit
 * posts): one answer as JSON, or Server-Sent Events when the body says "stream": true.
 */
class ChatController extends RestController {

	private ChatService $service;

	private ?UserLimit $limit;

	/**
	 * Stores the dependencies.
	 *
	 * @param Registry       $registry Providers.
	 * @param ChatService    $service  Chat runner.
	 * @param UserLimit|null $limit    Per-person limit.
	 */
	public function __construct( Registry $registry, ChatService $service, ?UserLimit $limit = null ) {
		parent::__construct( $registry );
		$this->service = $service;
		$this->limit   = $limit;
	}

	/**
	 * Registers the route.
	 */
	public function register_routes(): void {
		register_rest_route(
			self::NAMESPACE,
			'/chat',
			array(
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'chat' ),
					'permission_callback' => array( $this, 'can_chat' ),
					'args'                => $this->chat_args(),
				),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
	}

	/**
	 * Allows users with the plugin's capability: 401 when logged out, 403 otherwise.
	 *
	 * @return true|WP_Error
	 */
	public function can_chat() {
		if ( current_user_can( Policy::CAPABILITY ) ) {
			return true;
		}
		return new WP_Error(
			'byok_ai_forbidden',
			__( 'Sorry, you are not allowed to use AI on this site.', 'byok-ai' ),
			array( 'status' => rest_authorization_required_code() )
		);
	}

	/**
	 * Answers, or starts a stream.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function chat( WP_REST_Request $request ) {
		$strict = $this->reject_unknown_fields( $request );
		if ( is_wp_error( $strict ) ) {
			return $strict;
		}
		$args = array( 'cause' => 'user:' . get_current_user_id() );
		foreach ( array( 'messages', 'system', 'provider', 'model', 'max_tokens', 'temperature' ) as $name ) {
			if ( null !== $request[ $name ] ) {
				$args[ $name ] = $request[ $name ];
			}
		}
		$chat = ChatRequest::from_array( $args );
		if ( is_wp_error( $chat ) ) {
			return $chat;
		}
		$taken = null === $this->limit ? true : $this->limit->take( get_current_user_id(), time() );
		if ( is_wp_error( $taken ) ) {
			return self::error_response( $taken );
		}
		$this->prime_answer_options();

		if ( $request['stream'] ) {
			$ready = $this->service->preflight( $chat );
			if ( is_wp_error( $ready ) ) {
				return $ready;
			}
			return new StreamResponse(
				function ( ChatStream $stream ) use ( $chat ): void {
					$this->service->stream( $chat, $stream );
				}
			);
		}

		$answer = $this->service->chat( $chat );
		return is_wp_error( $answer ) ? self::error_response( $answer ) : new WP_REST_Response( $answer->to_array() );
	}

	/**
	 * Turns an error into a response, with Retry-After when the provider asked for a pause.
	 *
	 * @param WP_Error $error Error.
	 */
	public static function error_response( WP_Error $error ): WP_REST_Response {
		$response = rest_convert_error_to_response( $error );
		$data     = $error->get_error_data();
		if ( is_array( $data ) && isset( $data['retry_after'] ) ) {
			$response->header( 'Retry-After', (string) (int) $data['retry_after'] );
		}
		return $response;
	}

	/**
	 * The body's arguments: ChatRequest's schema (the one source of the bounds, with the
	 * registered providers as the enum) and the stream switch.
	 *
	 * @return array<string, array<string, mixed>>
	 */
	private function chat_args(): array {
		return self::args_from_schema( ChatRequest::schema( $this->registry->ids() ), WP_REST_Server::CREATABLE ) + array( 'stream' => $this->stream_arg() );
	}

	/**
	 * Describes a non-streamed answer.
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema(): array {
		return array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'byok-ai-chat-answer',
			'type'       => 'object',
			'properties' => array(
				'text'          => array( 'type' => 'string' ),
				'finish_reason' => array(
					'type' => 'string',
					'enum' => array( 'stop', 'length', 'content_filter', 'other' ),
				),
				'provider'      => array( 'type' => 'string' ),
				'model'         => array( 'type' => 'string' ),
				'usage'         => array(
					'type'       => 'object',
					'properties' => array(
						'input_tokens'  => array( 'type' => 'integer' ),
						'output_tokens' => array( 'type' => 'integer' ),
					),
				),
				'attempts'      => array(
					'type'  => 'array',
					'items' => array(
						'type'       => 'object',
						'properties' => array(
							'provider' => array( 'type' => 'string' ),
							'code'     => array( 'type' => 'string' ),
						),
					),
				),
			),
		);
	}
}

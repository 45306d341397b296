<?php
/**
 * What the plugin's AI Client providers run on: the chat engine, its policy and keys.
 *
 * @package ByokAi
 */

namespace ByokAi\WordPressAi;

use ByokAi\Ai\ChatRequest;
use ByokAi\Ai\ChatService;
use ByokAi\Ai\Policy;
use ByokAi\Providers\ProviderSettings;
use ByokAi\Providers\Registry;
use WordPress\AiClient\Messages\DTO\Message;
use WordPress\AiClient\Messages\DTO\MessagePart;
use WordPress\AiClient\Messages\DTO\ModelMessage;
use WordPress\AiClient\Messages\Enums\ModalityEnum;
use WordPress\AiClient\Providers\DTO\ProviderMetadata;
use WordPress\AiClient\Providers\Http\Exception\ClientException;
use WordPress\AiClient\Providers\Http\Exception\NetworkException;
use WordPress\AiClient\Providers\Http\Exception\ServerException;
use WordPress\AiClient\Providers\Models\DTO\ModelConfig;
use WordPress\AiClient\Providers\Models\DTO\ModelMetadata;
use WordPress\AiClient\Providers\Models\DTO\SupportedOption;
use WordPress\AiClient\Providers\Models\Enums\CapabilityEnum;
use WordPress\AiClient\Providers\Models\Enums\OptionEnum;
use WordPress\AiClient\Results\DTO\Candidate;
use WordPress\AiClient\Results\DTO\GenerativeAiResult;
use WordPress\AiClient\Results\DTO\TokenUsage;
use WordPress\AiClient\Results\Enums\FinishReasonEnum;

/**
 * Runs the plugin's AI Client providers. php-ai-client providers are static classes, so the one instance of this class is handed to
 * them once (BackedProvider::connect()); everything else enters through this constructor.
 * Every call goes through ChatService: the administrator's policy, the key decrypted for that
 * call only, the plugin's adapters and HTTP client, the fallback chain and a usage row whose
 * cause names the caller ("wp-ai-client:plugin:{slug}").
 */
class Backend {

	private ChatService $chat;
	private Registry $registry;
	private ProviderSettings $settings;
	private Policy $policy;
	private ConnectorMap $map;
	private Gate $gate;

	/**
	 * Stores the dependencies.
	 *
	 * @param ChatService      $chat     Chat engine.
	 * @param Registry         $registry Provider adapters.
	 * @param ProviderSettings $settings Connection settings.
	 * @param Policy           $policy   Allowed models.
	 * @param ConnectorMap     $map      Connector map.
	 * @param Gate             $gate     The gate.
	 */
	public function __construct( ChatService $chat, Registry $registry, ProviderSettings $settings, Policy $policy, ConnectorMap $map, Gate $gate ) {
		$this->chat     = $chat;
		$this->registry = $registry;
		$this->settings = $settings;
		$this->policy   = $policy;
		$this->map      = $map;
		$this->gate     = $gate;
	}

	/**
	 * Tells whether a connector's provider can be called (its key and settings are in place).
	 *
	 * @param string $connector Connector id.
	 */
	public function is_usable( string $connector ): bool {
		$provider = $this->map->provider( $connector );
		return null !== $provider && $this->chat->is_usable( $provider );
	}

	/**
	 * Lists the models a connector's provider may use: the administrator's allowed models (the
	 * first is the default), without asking the provider.
	 *
	 * @param string $connector Connector id.
	 * @return list<ModelMetadata>
	 */
	public function models( string $connector ): array {
		$provider = $this->map->provider( $connector );
		$adapter  = null === $provider ? null : $this->registry->get( $provider );
		if ( null === $adapter ) {
			return array();
		}
		$models = array();
		foreach ( $this->policy->allowed_models( $adapter, $this->settings->get( $adapter ) ) as $id ) {
			$models[] = self::metadata( $id );
		}
		return $models;
	}

	/**
	 * Describes a text model: text in, text out, chat history, system instructions, output cap, temperature.
	 *
	 * @param string $id Model id.
	 */
	public static function metadata( string $id ): ModelMetadata {
		return new ModelMetadata(
			$id,
			$id,
			array( CapabilityEnum::textGeneration(), CapabilityEnum::chatHistory() ),
			array(
				new SupportedOption( OptionEnum::inputModalities(), array( array( ModalityEnum::text() ) ) ),
				new SupportedOption( OptionEnum::outputModalities(), array( array( ModalityEnum::text() ) ) ),
				new SupportedOption( OptionEnum::systemInstruction() ),
				new SupportedOption( OptionEnum::maxTokens() ),
				new SupportedOption( OptionEnum::temperature() ),
				new SupportedOption( OptionEnum::candidateCount(), array( 1 ) ),
			)
		);
	}

	/**
	 * Answers a prompt through the chat engine.
	 *
	 * @param \WordPress\AiClient\Providers\Models\Contracts\ModelInterface $model    Model (for its admission).
	 * @param ProviderMetadata                                              $provider Provider metadata.
	 * @param ModelConfig                                                   $config   Model configuration.
	 * @param array                                                         $prompt   Messages.
	 * @phpstan-param list<Message> $prompt
	 * @throws ClientException When the call is refused or invalid.
	 * @throws ServerException When the provider fails.
	 * @throws NetworkException When the provider can't be reached.
	 */
	public function generate( $model, ProviderMetadata $provider, ModelConfig $config, array $prompt ): GenerativeAiResult {
		$admission = $this->gate->take( $model );
		if ( null === $admission ) {
			// Called without the prompt builder's events: admit here.
			$this->gate->admit( $model, $this->gate->current_caller() );
			$admission = $this->gate->take( $model );
		}
		$caller = null === $admission ? 'core' : $admission['caller'];

		$args = array(
			'messages' => $this->messages( $prompt ),
			'provider' => (string) $this->map->provider( $provider->getId() ),
			'model'    => $model->metadata()->getId(),
			'cause'    => Gate::cause( $caller ),
		);
		if ( null !== $config->getSystemInstruction() && '' !== $config->getSystemInstruction() ) {
			$args['system'] = $config->getSystemInstruction();
		}
		if ( null !== $config->getMaxTokens() ) {
			$args['max_tokens'] = max( 1, min( ChatRequest::MAX_TOKENS_LIMIT, $config->getMaxTokens() ) );
		}
		if ( null !== $config->getTemperature() ) {
			$args['temperature'] = max( 0.0, min( 2.0, $config->getTemperature() ) );
		}
		$request = ChatRequest::from_array( $args );
		if ( is_wp_error( $request ) ) {
			throw new ClientException( $request->get_error_message(), 400 ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- Becomes a WP_Error message.
		}
		$answer = $this->chat->chat( $request );
		if ( is_wp_error( $answer ) ) {
			$data   = $answer->get_error_data();
			$status = is_array( $data ) && isset( $data['status'] ) ? (int) $data['status'] : 502;
			$text   = $answer->get_error_message();
			// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- The plugin's translated message, without provider detail; becomes a WP_Error message.
			if ( in_array( $answer->get_error_code(), array( 'byok_ai_timeout', 'byok_ai_provider_unreachable' ), true ) ) {
				throw new NetworkException( $text, $status );
			}
			if ( $status >= 500 ) {
				throw new ServerException( $text, $status );
			}
			throw new ClientException( $text, $status >= 400 ? $status : 400 );
			// phpcs:enable
		}

		$finish = array(
			'stop'           => FinishReasonEnum::stop(),
			'length'         => FinishReasonEnum::length(),
			'content_filter' => FinishReasonEnum::contentFilter(),
		);
		return new GenerativeAiResult(
			'byok-ai-' . wp_generate_uuid4(),
			array( new Candidate( new ModelMessage( array( new MessagePart( $answer->text ) ) ), $finish[ $answer->finish_reason ] ?? FinishReasonEnum::stop() ) ),
			new TokenUsage( $answer->input_tokens, $answer->output_tokens, $answer->input_tokens + $answer->output_tokens ),
			$provider,
			self::metadata( '' !== $answer->model ? $answer->model : $model->metadata()->getId() ),
			array( 'byok_ai_provider' => $answer->provider )
		);
	}

	/**
	 * Turns the AI Client's messages into the chat engine's: text parts only, joined.
	 *
	 * @param array $prompt Messages.
	 * @phpstan-param list<Message> $prompt
	 * @return list<array{role: string, content: string}>
	 * @throws ClientException For parts other than text.
	 */
	private function messages( array $prompt ): array {
		$messages = array();
		foreach ( $prompt as $message ) {
			$texts = array();
			foreach ( $message->getParts() as $part ) {
				$text = $part->getText();
				if ( ! $part->getType()->isText() || null === $text ) {
					throw new ClientException( __( 'BYOK AI’s providers accept text only.', 'byok-ai' ), 400 ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- Becomes a WP_Error message.
				}
				if ( ! $part->getChannel()->isContent() ) {
					continue; // A model's thoughts aren't sent back.
				}
				$texts[] = $text;
			}
			$messages[] = array(
				'role'    => $message->getRole()->isModel() ? 'assistant' : 'user',
				'content' => implode( "\n\n", $texts ),
			);
		}
		return $messages;
	}
}
